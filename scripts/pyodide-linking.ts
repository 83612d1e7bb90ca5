// Pyodide's dynamic linker, as pyodide.asm.mjs runs it at every start, with the JavaScript
// functions it puts in the function table wrapped all at once. Pyodide's wasm is an Emscripten
// main module, so each start, restored from a snapshot or not, links it as a shared library; at
// the end (reportUndefinedSymbols) every symbol the module imports by address gets a table slot,
// and some 260 of them are JavaScript functions, which a table cannot hold: Emscripten wraps each
// in a wasm function of its own, a tiny module compiled and instantiated synchronously. In
// Chromium each of those compiles also goes through the wasm code cache; a trace of a returning
// user's reload showed 261 of them on the Python worker's thread.
//
// Rewritten here: the slots are handed out as before, and the functions are wrapped together in
// one module at the end. Every symbol gets the same table index as before, in the same order (the
// memory snapshot holds such indices), and the table ends the same length; a Node test checks
// both. The functions are matched by their exact text: a Pyodide of another shape is served
// without this rewrite. (Growing the table once in updateGOT, instead of by one slot for each of
// its 5,200 exports, was tried with it and made no difference the worker's marks could show.)

/** One textual replacement: `find` must occur exactly once. */
interface Replacement {
	readonly what: string;
	readonly find: string;
	readonly replace: string;
}

/**
 * Wraps JavaScript functions for the table in one module: `pending` holds [slot, function,
 * signature] triples, as Emscripten's convertJsFunctionToWasm would wrap each (its signature
 * string: return type first, 'v' for none). The module imports each function with its type and
 * exports it again, which makes a wasm function that calls it.
 */
const CONVERT_ALL = `var convertJsFunctionsToWasm=pending=>{if(!pending.length)return;var leb=n=>{var out=[];do{var b=n&127;n>>>=7;if(n)b|=128;out.push(b)}while(n);return out};var vec=items=>[...leb(items.length),...items.flat()];var name=s=>[...leb(s.length),...Array.from(s,c=>c.charCodeAt(0))];var section=(id,bytes)=>[id,...leb(bytes.length),...bytes];var sigs=[...new Set(pending.map(p=>p[2]))];var types=sigs.map(sig=>[96,...generateTypePack(sig.slice(1)),...generateTypePack(sig[0]==="v"?"":sig[0])]);var imports=pending.map((p,i)=>[...name("e"),...name(String(i)),0,...leb(sigs.indexOf(p[2]))]);var exports=pending.map((p,i)=>[...name(String(i)),0,...leb(i)]);var bytes=Uint8Array.from([0,97,115,109,1,0,0,0,...section(1,vec(types)),...section(2,vec(imports)),...section(7,vec(exports))]);var funcs={};pending.forEach((p,i)=>{funcs[i]=p[1]});var instance=new WebAssembly.Instance(new WebAssembly.Module(bytes),{e:funcs});pending.forEach((p,i)=>setWasmTableEntry(p[0],instance.exports[i]))};`;

const REPLACEMENTS: readonly Replacement[] = [
	{
		// A third argument: where to leave a JavaScript function to wrap later, in its slot.
		what: 'addFunction',
		find: 'var addFunction=(func,sig)=>{var rtn=getFunctionAddress(func);if(rtn){return rtn}var ret=getEmptyTableSlot();try{setWasmTableEntry(ret,func)}catch(err){if(!(err instanceof TypeError)){throw err}var wrapped=convertJsFunctionToWasm(func,sig);setWasmTableEntry(ret,wrapped)}functionsInTableMap.set(func,ret);return ret};',
		replace: `var addFunction=(func,sig,deferred)=>{var rtn=getFunctionAddress(func);if(rtn){return rtn}var ret=getEmptyTableSlot();try{setWasmTableEntry(ret,func)}catch(err){if(!(err instanceof TypeError)){throw err}if(deferred){deferred.push([ret,func,sig])}else{var wrapped=convertJsFunctionToWasm(func,sig);setWasmTableEntry(ret,wrapped)}}functionsInTableMap.set(func,ret);return ret};${CONVERT_ALL}`
	},
	{
		what: 'reportUndefinedSymbols (its start)',
		find: 'reportUndefinedSymbols=()=>{for(var[symName,entry]of Object.entries(GOT)){',
		replace:
			'reportUndefinedSymbols=()=>{var deferred=[];for(var[symName,entry]of Object.entries(GOT)){'
	},
	{
		what: 'reportUndefinedSymbols (its end)',
		find: 'if(typeof value=="function"){entry.value=addFunction(value,value.sig)}else if(typeof value=="number"){entry.value=value}else if(typeof value.value=="number"){entry.value=value}else{throw new Error(`bad export type for \'${symName}\': ${typeof value} (${value})`)}}}};',
		replace:
			'if(typeof value=="function"){entry.value=addFunction(value,value.sig,deferred)}else if(typeof value=="number"){entry.value=value}else if(typeof value.value=="number"){entry.value=value}else{throw new Error(`bad export type for \'${symName}\': ${typeof value} (${value})`)}}}convertJsFunctionsToWasm(deferred)};'
	}
];

/**
 * pyodide.asm.mjs with its link wrapping JavaScript functions at once. Throws, naming the
 * function, if the source does not have the text this was written for (another Pyodide build):
 * the caller then serves the file without this rewrite.
 */
export function wrapLinkedFunctionsAtOnce(source: string): string {
	let rewritten = source;
	for (const { what, find, replace } of REPLACEMENTS) {
		const count = rewritten.split(find).length - 1;
		if (count !== 1) {
			throw new Error(
				`pyodide.asm.mjs has ${count} copies of ${what} as this rewrite knows it, not one`
			);
		}
		rewritten = rewritten.replace(find, () => replace);
	}
	return rewritten;
}
